"use client";

import { useState } from "react";

export type Theme = "system" | "light" | "dark";
export const THEME_COOKIE = "theme";

const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };
const ICON: Record<Theme, string> = { system: "◐", light: "☀", dark: "☾" };

/**
 * Cycles the colour scheme: the system's, light, dark. Remembered in a cookie, so the server renders
 * the next page in it (the layout sets data-theme on <html>; app/globals.css holds the palettes).
 * Its words come from the header (server-rendered), so every page is spared a translation library.
 */
export function ThemeToggle({ initial, labels }: { initial: Theme; labels: Record<Theme, string> }) {
  const [theme, setTheme] = useState(initial);
  function cycle() {
    const next = NEXT[theme];
    setTheme(next);
    if (next === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = next;
    document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
  }
  const label = labels[theme];
  return (
    <button
      type="button"
      onClick={cycle}
      aria-label={label}
      title={label}
      className="rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100"
    >
      <span aria-hidden="true">{ICON[theme]}</span>
    </button>
  );
}
