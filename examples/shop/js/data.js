// The shop's product data. Plain data with no DOM access, so the server example can
// import the same items for its bulk sync and its live-items endpoint.

export const CATEGORIES = [
  { id: 'phones', name: 'Phones', blurb: 'Unlocked handsets with an 18-month warranty', nameFa: 'گوشی‌ها', blurbFa: 'گوشی‌های آزاد با ۱۸ ماه گارانتی' },
  { id: 'laptops', name: 'Laptops', blurb: 'For study, work and everything after', nameFa: 'لپ‌تاپ‌ها', blurbFa: 'برای درس، کار و هرچه پس از آن' },
  { id: 'audio', name: 'Audio', blurb: 'Headphones and earbuds', nameFa: 'صوتی', blurbFa: 'هدفون و هندزفری' },
  { id: 'coffee', name: 'Coffee', blurb: 'Freshly roasted in Tehran every week', nameFa: 'قهوه', blurbFa: 'هر هفته تازه در تهران برشته می‌شود' },
];

// Prices are in Toman, as the platform expects. Names in Persian (nameFa) are what a Persian
// page shows and sends: the events carry the names the visitor saw.
export const ITEMS = [
  { id: 'sku-1001', category: 'phones', name: 'Galaxy A55 5G, 256 GB', nameFa: 'گوشی سامسونگ Galaxy A55 5G، ۲۵۶ گیگابایت', price: 18_900_000, stock: 14, discountPercentage: 0, image: 'phone.svg' },
  { id: 'sku-1002', category: 'phones', name: 'Redmi Note 13, 128 GB', nameFa: 'گوشی شیائومی Redmi Note 13، ۱۲۸ گیگابایت', price: 11_450_000, stock: 32, discountPercentage: 5, image: 'phone.svg' },
  { id: 'sku-1003', category: 'phones', name: 'iPhone 15, 128 GB', nameFa: 'گوشی اپل iPhone 15، ۱۲۸ گیگابایت', price: 79_000_000, stock: 3, discountPercentage: 0, image: 'phone.svg' },
  { id: 'sku-2001', category: 'laptops', name: 'ThinkPad E14 Gen 5', nameFa: 'لپ‌تاپ لنوو ThinkPad E14 نسل ۵', price: 52_000_000, stock: 6, discountPercentage: 0, image: 'laptop.svg' },
  { id: 'sku-2002', category: 'laptops', name: 'VivoBook 15, Core i5', nameFa: 'لپ‌تاپ ایسوس VivoBook 15، Core i5', price: 31_500_000, stock: 9, discountPercentage: 8, image: 'laptop.svg' },
  { id: 'sku-3001', category: 'audio', name: 'Soundcore Q20i headphones', nameFa: 'هدفون بی‌سیم Soundcore Q20i', price: 2_890_000, stock: 40, discountPercentage: 0, image: 'headphones.svg' },
  { id: 'sku-3002', category: 'audio', name: 'AirPods Pro (2nd generation)', nameFa: 'هندزفری اپل AirPods Pro (نسل دوم)', price: 14_200_000, stock: 11, discountPercentage: 0, image: 'headphones.svg' },
  { id: 'sku-4001', category: 'coffee', name: 'Espresso blend beans, 250 g', nameFa: 'دانهٔ قهوهٔ ترکیبی اسپرسو، ۲۵۰ گرم', price: 480_000, stock: 120, discountPercentage: 0, image: 'coffee.svg', consumeDays: 30 },
  { id: 'sku-4002', category: 'coffee', name: 'Ethiopia Yirgacheffe, 250 g', nameFa: 'قهوهٔ اتیوپی یرگاچفه، ۲۵۰ گرم', price: 690_000, stock: 55, discountPercentage: 10, image: 'coffee.svg', consumeDays: 30 },
];

export const COUPONS = {
  WELCOME10: { category: 'welcome', percentage: 10, maxValue: 500_000 },
  YALDA300: { category: 'seasonal', value: 300_000, minTotal: 5_000_000 },
  NOROOZ1403: { category: 'seasonal', percentage: 15, expired: true },
};

// The site's own accounts (a real site keeps them in its database).
export const DEMO_ACCOUNT = { userId: 'u-1001', mobile: '09121234567', email: 'sara@example.com', firstName: 'Sara', lastName: 'Ahmadi', password: 'demo' };

export const findItem = (id) => ITEMS.find((i) => i.id === id);
export const findCategory = (id) => CATEGORIES.find((c) => c.id === id);

/** The price after the item's own discount, rounded to whole Toman. */
export const salePrice = (item) => Math.round(item.price * (1 - item.discountPercentage / 100));

/**
 * Checks a coupon against a cart total. Answers either the discount or why it does not apply,
 * in the words couponNotApplied reports (`reason`, the same in every language) and as a key for
 * the page's own message (`problem`).
 */
export function checkCoupon(code, total) {
  const c = COUPONS[code.trim().toUpperCase()];
  if (!c) return { ok: false, problem: 'unknown', reason: 'unknown code' };
  if (c.expired) return { ok: false, coupon: c, problem: 'expired', reason: 'expired' };
  if (c.minTotal && total < c.minTotal) return { ok: false, coupon: c, problem: 'below-minimum', reason: `order total below ${c.minTotal} Toman` };
  const value = c.percentage ? Math.min(Math.round((total * c.percentage) / 100), c.maxValue ?? Infinity) : c.value;
  return { ok: true, coupon: c, value, percentage: c.percentage ?? 0 };
}
