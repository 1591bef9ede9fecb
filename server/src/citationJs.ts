// The citation-js packages the Node bundles load on first use (see scripts/build.mjs): keyed
// by package name, so `require('@citation-js/core')` in the bundles reads one entry.
module.exports = {
  '@citation-js/core': require('@citation-js/core'),
  '@citation-js/plugin-bibtex': require('@citation-js/plugin-bibtex'),
  '@citation-js/plugin-csl': require('@citation-js/plugin-csl'),
};
