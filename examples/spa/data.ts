/** The app's content; a real app would fetch it from its API. */
export interface Perk {
  id: string;
  name: string;
  price: number;
  blurb: string;
}

// Prices in Toman.
export const PERKS: Perk[] = [
  { id: 'club-gold', name: 'Gold membership, 1 year', price: 1_900_000, blurb: 'Free express delivery and early access to sales.' },
  { id: 'club-coffee', name: 'Coffee subscription, monthly', price: 1_350_000, blurb: 'Two 250 g bags of fresh beans every month.' },
  { id: 'club-care', name: 'Device care plan', price: 2_400_000, blurb: 'Screen and battery cover for one phone or laptop.' },
];

export const USERS = [{ userId: 'u-1001', login: '09121234567', password: 'demo', name: 'Sara' }];
