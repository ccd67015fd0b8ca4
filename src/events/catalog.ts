/**
 * The event catalog of SPEC §4: the one table that both the TypeScript types (types.ts)
 * and the run-time checks (validate.ts) are derived from, so they cannot disagree.
 *
 * Field kinds: 's' string, 'n' number, 'ids' string[] (itemIdList), 'items' itemsList.
 * `top` lists the top-level fields the event requires besides the visitor's ids.
 * `ids` says which visitor ids the delivered event must carry:
 *   'user' userId, 'anon' anonymousId, 'both' both (the SDK always adds anonymousId).
 * `bodyUser` means the browser body itself must name the userId (signIn / signUp).
 * `backend` marks events that only a site's server may send.
 */
export type FieldKind = 's' | 'n' | 'ids' | 'items';

export interface CatalogEntry {
  readonly top?: Readonly<Record<string, FieldKind>>;
  readonly props: Readonly<Record<string, FieldKind>>;
  readonly ids?: 'user' | 'anon' | 'both';
  readonly bodyUser?: true;
  readonly backend?: true;
}

const cart = {
  itemsList: 'items',
  totalPrice: 'n',
  totalQuantity: 'n',
  couponCode: 's',
  couponPercentage: 'n',
  couponValue: 'n',
} as const;
const order = { purchaseId: 's', ...cart } as const;

const coupon = {
  couponCode: 's',
  couponCategory: 's',
  couponPercentage: 'n',
  couponValue: 'n',
} as const;

export const catalog = {
  pageView: {
    ids: 'both',
    props: { fullUrl: 's' },
  },
  categoryView: {
    top: { categoryId: 's' },
    props: { categoryName: 's', fullUrl: 's' },
  },
  itemView: {
    top: { itemId: 's' },
    props: { itemName: 's', itemUrl: 's', itemImageUrl: 's', fullUrl: 's' },
  },
  itemAddToCart: {
    top: { itemId: 's' },
    props: { itemName: 's', itemsList: 'items' },
  },
  itemAddToWishList: {
    top: { itemId: 's' },
    props: { itemName: 's', itemsList: 'items' },
  },
  itemRemoveFromCart: {
    top: { itemId: 's' },
    props: { itemName: 's' },
  },
  checkOut: {
    top: { itemIdList: 'ids' },
    props: { stepNumber: 'n', stepTitle: 's', ...cart },
  },
  couponApplied: { props: coupon },
  couponNotApplied: { props: { ...coupon, reason: 's' } },
  registerOrder: {
    top: { itemIdList: 'ids' },
    props: order,
  },
  purchaseComplete: {
    top: { itemIdList: 'ids' },
    props: order,
    backend: true,
  },
  purchaseApproved: {
    ids: 'user',
    top: { itemIdList: 'ids' },
    props: order,
  },
  itemComment: {
    ids: 'user',
    top: { itemId: 's' },
    props: { itemName: 's' },
  },
  itemRate: {
    ids: 'user',
    top: { itemId: 's' },
    props: { itemName: 's', rate: 'n' },
  },
  search: { props: { searchQuery: 's' } },
  tryToSignUp: {
    ids: 'anon',
    props: { mobile: 's', email: 's', firstName: 's', lastName: 's' },
  },
  signUp: { ids: 'both', bodyUser: true, props: {} },
  tryToSignIn: { ids: 'anon', props: { mobile: 's', email: 's' } },
  signIn: { ids: 'both', bodyUser: true, props: {} },
  signOut: { ids: 'both', props: {} },
} as const satisfies Record<string, CatalogEntry>;

export type CatalogName = keyof typeof catalog;

/** Item entries of `itemsList`: every field optional but itemId. */
export const itemsListFields = {
  itemId: 's',
  itemName: 's',
  itemPrice: 'n',
  itemCount: 'n',
  itemImageUrl: 's',
  itemUrl: 's',
} as const satisfies Record<string, FieldKind>;

/** Custom event names (SPEC §4) and workflow triggers (SPEC §6). */
export const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
export const WORKFLOW_PATH = /^webhook(-test)?\/[^\s/?#]{1,128}$/;
