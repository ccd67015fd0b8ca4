// Events only the site's server sends (the seed's section 4, backend): purchaseComplete when
// the bank confirms a payment (it carries the visitor's anonymous id from their cookie), then
// after an admin's approval purchaseApproved, itemComment and itemRate with the userId only.
import { anonymousIdFromCookie } from 'novin-sdk/server';
import { pastOrder } from './records.mjs';

export async function backendEvents(novin, cookieHeader) {
  const order = pastOrder('u-1001', `NS-${Date.now().toString(36).toUpperCase()}`, undefined, [['sku-1002', 1], ['sku-4001', 2]]);
  const { time: _, ...approved } = order;
  const anonymousId = anonymousIdFromCookie(cookieHeader);
  const sent = [
    await novin.events.send({
      ...approved,
      name: 'purchaseComplete',
      ...(anonymousId ? { anonymousId } : {}),
      // Loyalty points for the purchase; the server chooses the amount, a browser cannot.
      aggregations: [{ userAggregationfield: 'purchasePoints', point: 240 }],
    }),
    await novin.events.send({ ...approved, workFlowPath: 'webhook/orderApproved' }),
    await novin.events.send({ name: 'itemComment', userId: 'u-1001', itemId: 'sku-4001', properties: { itemName: 'Espresso blend beans, 250 g' } }),
    await novin.events.send({ name: 'itemRate', userId: 'u-1001', itemId: 'sku-4001', properties: { itemName: 'Espresso blend beans, 250 g', rate: 5 } }),
  ];
  for (const [i, name] of ['purchaseComplete', 'purchaseApproved (starts workflow orderApproved)', 'itemComment', 'itemRate'].entries())
    console.log(`  ${name}: HTTP ${sent[i].status}, messageId ${sent[i].messageId}`);
}
