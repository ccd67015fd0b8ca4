// Where the collector is and the secrets the site's server holds. The defaults match
// `npm start` (the mock collector's dev config, on PORT as npm start reads it); never ship real
// tokens in code.
export const ENDPOINT = process.env.NOVIN_ENDPOINT ?? `http://127.0.0.1:${process.env.PORT || 8080}`;
export const ACCESS_TOKEN = process.env.NOVIN_ACCESS_TOKEN ?? 'dev-access-token';
export const API_TOKEN = process.env.NOVIN_API_TOKEN ?? 'dev-api-token';
// 0 picks a free port.
export const SITE_PORT = Number(process.env.SITE_PORT ?? 8090);
