/** The app's own login state (a real app keeps a token from its API). */
export interface User {
  userId: string;
  name: string;
}

const KEY = 'club.user';

export function currentUser(): User | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null') as User | null;
  } catch {
    return null;
  }
}

export const saveUser = (u: User | null) => (u ? localStorage.setItem(KEY, JSON.stringify(u)) : localStorage.removeItem(KEY));
