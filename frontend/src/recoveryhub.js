// Starts NHS.UK frontend's components (header menu, error summary focus, etc.).
// Pages work without it: this only enhances them.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
