// Progressive enhancement only: every page works without this file.
// Loaded as <script type="module">, so browsers too old for GOV.UK Frontend's
// JavaScript never run it. GOV.UK Frontend's own page template sets these two
// classes with an inline script, which the Content-Security-Policy forbids, so
// they are set here before the components start.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
