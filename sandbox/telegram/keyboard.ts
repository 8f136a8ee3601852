// `reply_markup` with an inline keyboard, the one kind of markup the bot sends: rows of buttons,
// each a callback button (`callback_data`, 1–64 bytes, sent back in a callback query when
// pressed) or a link (`url`). Confirmed (core.telegram.org/bots/api#inlinekeyboardbutton, and
// errors bot authors quote): a bad callback_data is 400 "BUTTON_DATA_INVALID"; a button with
// neither field is refused; form-encoded calls send the markup as its JSON text.
// Chosen here: other kinds of markup (reply keyboards, force_reply) are refused as unsupported,
// and any http(s) or tg: URL is accepted (Telegram refuses localhost links; the emulator must not,
// or the app's local links could not be tried).

export interface InlineButton {
  text: string;
  callbackData?: string;
  url?: string;
}

export type InlineKeyboard = InlineButton[][];

export type KeyboardParse = { ok: true; keyboard: InlineKeyboard | undefined } | { ok: false; error: string };

const bad = (error: string): KeyboardParse => ({ ok: false, error: `Bad Request: ${error}` });

/** The markup of a send or edit call: absent (undefined), an inline keyboard, or an error. */
export function parseReplyMarkup(value: unknown): KeyboardParse {
  if (value === undefined || value === null || value === "") return { ok: true, keyboard: undefined };
  let markup: unknown = value;
  if (typeof value === "string") {
    try {
      markup = JSON.parse(value) as unknown;
    } catch {
      return bad("can't parse reply keyboard markup JSON object");
    }
  }
  if (typeof markup !== "object" || markup === null || Array.isArray(markup)) {
    return bad("can't parse reply keyboard markup JSON object");
  }
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (rows === undefined) return bad("the emulator supports only inline keyboards in reply_markup");
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
    return bad('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  }
  const keyboard: InlineKeyboard = [];
  for (const row of rows as unknown[][]) {
    const parsed: InlineButton[] = [];
    for (const raw of row) {
      const button = raw as { text?: unknown; callback_data?: unknown; url?: unknown };
      if (typeof raw !== "object" || raw === null || typeof button.text !== "string" || button.text === "") {
        return bad("can't parse inline keyboard button: Text must be non-empty");
      }
      if (typeof button.callback_data === "string") {
        const bytes = Buffer.byteLength(button.callback_data);
        if (bytes < 1 || bytes > 64) return bad("BUTTON_DATA_INVALID");
        parsed.push({ text: button.text, callbackData: button.callback_data });
      } else if (typeof button.url === "string") {
        if (!/^(https?:\/\/[^\s/]+|tg:\/\/)\S*$/i.test(button.url)) {
          return bad(`inline keyboard button URL '${button.url}' is invalid: Wrong HTTP URL`);
        }
        parsed.push({ text: button.text, url: button.url });
      } else {
        return bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      }
    }
    if (parsed.length > 0) keyboard.push(parsed);
  }
  return { ok: true, keyboard: keyboard.length > 0 ? keyboard : undefined };
}

/** The keyboard as the Bot API shows it in a Message (`reply_markup`). */
export function wireKeyboard(keyboard: InlineKeyboard | undefined) {
  if (!keyboard) return undefined;
  return {
    inline_keyboard: keyboard.map((row) =>
      row.map((b) =>
        b.url ? { text: b.text, url: b.url } : { text: b.text, callback_data: b.callbackData },
      ),
    ),
  };
}

export function sameKeyboard(a: InlineKeyboard | undefined, b: InlineKeyboard | undefined): boolean {
  return JSON.stringify(wireKeyboard(a) ?? null) === JSON.stringify(wireKeyboard(b) ?? null);
}
