// One table of role words for the server and the widgets; the subpath keeps the engine out of bundles.
export { roleLabels } from '@doanflow/engine/roles';
