// The seed's header snippet, unchanged but for its URLs and token. Sites may paste it inline as
// the seed shows; the demo serves it once as a file so every page shares it (and a strict CSP
// needs no 'unsafe-inline').
function setCookie(cookieName, cookieValue, expirationDays) {
const d = new Date();
d.setTime(d.getTime() + (expirationDays * 24 * 60 * 60 * 1000));
const expires = "expires=" + d.toUTCString();
document.cookie = cookieName + "=" + cookieValue + ";" + expires + ";path=/";
}
function fetchSdkVersion() {
return fetch('/api/sdk')
.then(response => {
if (!response.ok) {
console.log('Failed to fetch SDK version');
return '1.0.0';
}
return response.json();
})
.then(data => {
console.log("data.sdkVersion: " + data.sdkVersion);
return data.sdkVersion;
})
.catch(error => {
console.error('Error fetching SDK version:', error);
return '1.0.0'; // Fallback value
});
}
setCookie('novinProjectId', 'demo-project', 365);
fetchSdkVersion().then(sdkVersion => {
const automationScript = document.createElement('script');
automationScript.src = '/novinSDK.js?version=' + sdkVersion;
document.head.appendChild(automationScript);
});
