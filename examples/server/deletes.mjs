// The seed's section 3: an item taken off the shop and a user who closed their account.
export async function deletes(novin) {
  const item = await novin.items.delete('sku-1003');
  const user = await novin.users.delete('u-1003');
  console.log(`  item sku-1003 deleted: ${item.deleted}; user u-1003 deleted: ${user.deleted}`);
}
