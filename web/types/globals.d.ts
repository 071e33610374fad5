// Globals the pages use, for the type check of web/ (jsconfig.json, `npx tsc -p jsconfig.json`).
// MapLibre GL JS is loaded by a <script> tag as the global `maplibregl`; the pages expose their
// state on window for tests and the console.
declare const maplibregl: any;
interface Window {
  covermap?: any;
  steward?: any;
}
