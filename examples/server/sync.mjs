// The seed's section 1: bulk upload of the catalogue, the customers and their purchase
// history. The client splits lists into requests of at most 500 records.
import { history, items, users } from './records.mjs';

export async function bulkSync(novin) {
  const report = (what, r) => {
    console.log(`  ${what}: ${r.sent} of ${r.total} taken in ${r.chunks.length} request(s), ${r.rejected} rejected, ${r.failed} failed`);
    // Refused records will be refused again; failed chunks are worth sending again later.
    if (!r.ok) process.exitCode = 1;
  };
  report('items', await novin.items.bulk(items));
  report('users', await novin.users.bulk(users));
  report('purchase history', await novin.events.bulk(history));
}
