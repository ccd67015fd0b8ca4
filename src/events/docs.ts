/** One line per catalog event for the README's event reference: kept out of catalog.ts so browsers never download it. */
import type { CatalogName } from './catalog.js';

export const eventDocs: Record<CatalogName, string> = {
  pageView: 'a page seen by a logged-in visitor (sent only when a userId is known)',
  categoryView: 'a category page seen',
  itemView: 'an item page seen',
  itemAddToCart: 'an item added to the cart; itemsList is the cart after adding',
  itemAddToWishList: 'an item added to the wish list; itemsList is the wish list',
  itemRemoveFromCart: 'an item removed from the cart',
  checkOut: 'a checkout step reached',
  couponApplied: 'a coupon accepted',
  couponNotApplied: 'a coupon refused, with the reason',
  registerOrder: 'the pay button pressed',
  purchaseComplete: 'back from the payment gateway (backend only)',
  purchaseApproved: 'an order approved by an admin (usually from the backend)',
  itemComment: 'a comment approved by an admin (usually from the backend)',
  itemRate: 'a rating approved by an admin (usually from the backend)',
  search: 'a search made',
  tryToSignUp: 'the sign-up button pressed',
  signUp: 'an account created; the SDK remembers the userId',
  tryToSignIn: 'the sign-in button pressed',
  signIn: 'signed in; the SDK remembers the userId',
  signOut: 'signed out; the SDK forgets the userId after sending',
};
