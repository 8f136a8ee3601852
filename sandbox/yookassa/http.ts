// The shared emulator HTTP helpers (sandbox/http.ts).
export {
  BodyTooLargeError,
  escapeHtml,
  headerRecord,
  parseJson,
  readBody,
  redirect,
  safeDecode,
  sendHtml,
  sendJson,
  type Parsed,
} from "../http";
