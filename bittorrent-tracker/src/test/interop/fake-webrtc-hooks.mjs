// Module resolution hook: 'webrtc-polyfill' → fake-webrtc.mjs (see there why).
export async function resolve (specifier, context, next) {
  if (specifier === 'webrtc-polyfill') {
    return { url: new URL('./fake-webrtc.mjs', import.meta.url).href, shortCircuit: true }
  }
  return next(specifier, context)
}
