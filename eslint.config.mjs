import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      ".data/**",
      "lib/generated/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...nextVitals,
  ...nextTypescript,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits is a webhook applied half-way or an error nobody sees.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/require-await": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/ban-ts-comment": "error",
      // A circle of imports is two modules that should be one, or a third that both need.
      "import/no-cycle": "error",
    },
  },
  {
    // Routes call lib/ and components/; never the other way round (a form used by one route lives
    // beside that route).
    files: ["lib/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*"], message: "lib/ and components/ never import from app/." }] },
      ],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/app/*"], message: "lib/ never imports from app/." },
            { group: ["@/components/*"], message: "lib/ returns values; the UI lives in components/." },
          ],
        },
      ],
    },
  },
  {
    // Every word a person reads comes from the catalogs (messages/, lib/i18n/): no text written
    // straight into a component, nor into the attributes people read. Symbols are allowed.
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    rules: {
      "react/jsx-no-literals": [
        "error",
        {
          noStrings: true,
          ignoreProps: true,
          allowedStrings: [
            "·",
            "—",
            "–",
            "…",
            "/",
            "×",
            "→",
            "←",
            "↑",
            "↓",
            ":",
            "(",
            ")",
            "+",
            "−",
            "-",
            "%",
            "|",
            "#",
            "*",
            "✓",
            "₽",
            "$",
            "€",
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "JSXAttribute[name.name=/^(aria-label|aria-description|placeholder|title|alt|label|description)$/] > Literal",
          message: "Text people read comes from the message catalogs (useTranslations / getTranslations).",
        },
      ],
    },
  },
);
