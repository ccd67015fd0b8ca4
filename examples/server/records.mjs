// The site's database, as the server-side API wants it: the shop's items (same ids and
// prices as the demo shop), customers, and one past order per customer.
import { CATEGORIES, DEMO_ACCOUNT, ITEMS, salePrice } from '../shop/js/data.js';

const SITE = 'https://shop.example.com';

export const items = ITEMS.map((i) => ({
  itemId: i.id,
  name: i.name,
  quantity: i.stock,
  price: i.price,
  discountPercentage: i.discountPercentage,
  discountValue: i.price - salePrice(i),
  fullPath: `${CATEGORIES.find((c) => c.id === i.category).name} > ${i.name}`,
  imagesUrl: [`${SITE}/img/${i.image}`],
  isConsumable: Boolean(i.consumeDays),
  // Days until a consumable runs out (coffee); -1 for everything else, as the platform expects.
  consumeTime: i.consumeDays ?? -1,
}));

const { password: _, ...sara } = DEMO_ACCOUNT;
export const users = [
  { ...sara, city: 'Tehran', country: 'Iran', userType: 'customer', attributes: { newsletter: true, favouriteCategory: 'coffee' } },
  { userId: 'u-1002', firstName: 'Reza', lastName: 'Karimi', mobile: '09351234567', city: 'Shiraz', userType: 'customer', gender: 'male' },
  { userId: 'u-1003', firstName: 'Niloofar', mobile: '09131234567', city: 'Isfahan', userType: 'visitor', attributes: { source: 'instagram' } },
];

const line = (id, count) => {
  const i = ITEMS.find((x) => x.id === id);
  return { itemId: i.id, itemName: i.name, itemPrice: salePrice(i), itemCount: count, itemUrl: `${SITE}/item.html?id=${i.id}`, itemImageUrl: `${SITE}/img/${i.image}` };
};

/** A past order as a purchaseApproved event, for the purchase-history bulk upload. */
export function pastOrder(userId, purchaseId, time, lines) {
  const itemsList = lines.map(([id, count]) => line(id, count));
  return {
    name: 'purchaseApproved',
    userId,
    time,
    itemIdList: itemsList.map((l) => l.itemId),
    properties: {
      purchaseId,
      itemsList,
      totalPrice: itemsList.reduce((s, l) => s + l.itemPrice * l.itemCount, 0),
      totalQuantity: itemsList.reduce((s, l) => s + l.itemCount, 0),
    },
  };
}

export const history = [
  pastOrder('u-1001', 'NS-2024-0917', '2024-09-17T10:42:00.000Z', [['sku-4001', 2]]),
  pastOrder('u-1001', 'NS-2025-0203', '2025-02-03T18:05:00.000Z', [['sku-3001', 1], ['sku-4002', 1]]),
  pastOrder('u-1002', 'NS-2025-0311', '2025-03-11T08:30:00.000Z', [['sku-2002', 1]]),
];
