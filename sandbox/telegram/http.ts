// The shared emulator HTTP helpers (sandbox/http.ts). Telegram's bodies are read as bytes: the
// Bot API also takes multipart uploads.
export {
  BodyTooLargeError,
  escapeHtml,
  parseJson,
  readBodyBuffer as readBody,
  safeDecode,
  sendHtml,
  sendJson,
} from "../http";
