// Onboarding goals (REMP CRM module): plain fetch with the API token, which is whitelisted
// per endpoint. A scenario assigns goals; the site completes the simple ones it tracks itself.
import { API_TOKEN, ENDPOINT } from './settings.mjs';

async function call(path, body) {
  const res = await fetch(`${ENDPOINT}/api/v1/onboarding-goals/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`onboarding-goals/${path}: HTTP ${res.status} ${answer.message ?? ''}`);
  return answer;
}

export async function completeGoal(userId) {
  await call('assign', { user_id: userId, goal_codes: ['demo', 'signed-up'], timeout_minutes: 7 * 24 * 60 });
  const done = await call('complete', { goal_code: 'demo', user_id: userId });
  console.log(`  goal "demo" completed for ${userId}: ${done.status}`);
}
