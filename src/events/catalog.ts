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
  /** One line for the README's event reference. */
  readonly doc: string;
}

const order = {
  purchaseId: 's',
  itemsList: 'items',
  totalPrice: 'n',
  totalQuantity: 'n',
  couponCode: 's',
  couponPercentage: 'n',
  couponValue: 'n',
} as const;

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
    doc: 'a page seen by a logged-in visitor (sent only when a userId is known)',
  },
  categoryView: {
    top: { categoryId: 's' },
    props: { categoryName: 's', fullUrl: 's' },
    doc: 'a category page seen',
  },
  itemView: {
    top: { itemId: 's' },
    props: { itemName: 's', itemUrl: 's', itemImageUrl: 's', fullUrl: 's' },
    doc: 'an item page seen',
  },
  itemAddToCart: {
    top: { itemId: 's' },
    props: { itemName: 's', itemsList: 'items' },
    doc: 'an item added to the cart; itemsList is the cart after adding',
  },
  itemAddToWishList: {
    top: { itemId: 's' },
    props: { itemName: 's', itemsList: 'items' },
    doc: 'an item added to the wish list; itemsList is the wish list',
  },
  itemRemoveFromCart: {
    top: { itemId: 's' },
    props: { itemName: 's' },
    doc: 'an item removed from the cart',
  },
  checkOut: {
    top: { itemIdList: 'ids' },
    props: {
      stepNumber: 'n',
      stepTitle: 's',
      itemsList: 'items',
      totalPrice: 'n',
      totalQuantity: 'n',
      couponCode: 's',
      couponPercentage: 'n',
      couponValue: 'n',
    },
    doc: 'a checkout step reached',
  },
  couponApplied: { props: coupon, doc: 'a coupon accepted' },
  couponNotApplied: { props: { ...coupon, reason: 's' }, doc: 'a coupon refused, with the reason' },
  registerOrder: {
    top: { itemIdList: 'ids' },
    props: order,
    doc: 'the pay button pressed',
  },
  purchaseComplete: {
    top: { itemIdList: 'ids' },
    props: order,
    backend: true,
    doc: 'back from the payment gateway (backend only)',
  },
  purchaseApproved: {
    ids: 'user',
    top: { itemIdList: 'ids' },
    props: order,
    doc: 'an order approved by an admin (usually from the backend)',
  },
  itemComment: {
    ids: 'user',
    top: { itemId: 's' },
    props: { itemName: 's' },
    doc: 'a comment approved by an admin (usually from the backend)',
  },
  itemRate: {
    ids: 'user',
    top: { itemId: 's' },
    props: { itemName: 's', rate: 'n' },
    doc: 'a rating approved by an admin (usually from the backend)',
  },
  search: { props: { searchQuery: 's' }, doc: 'a search made' },
  tryToSignUp: {
    ids: 'anon',
    props: { mobile: 's', email: 's', firstName: 's', lastName: 's' },
    doc: 'the sign-up button pressed',
  },
  signUp: { ids: 'both', bodyUser: true, props: {}, doc: 'an account created; the SDK remembers the userId' },
  tryToSignIn: { ids: 'anon', props: { mobile: 's', email: 's' }, doc: 'the sign-in button pressed' },
  signIn: { ids: 'both', bodyUser: true, props: {}, doc: 'signed in; the SDK remembers the userId' },
  signOut: { ids: 'both', props: {}, doc: 'signed out; the SDK forgets the userId after sending' },
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

/** Envelope fields any event may carry beyond its catalog entry. */
export const CUSTOM_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
export const WORKFLOW_PATH = /^webhook(-test)?\/[^\s/?#]{1,128}$/;
