/**
 * Entry of the self-contained script (dist/doanflow-elements.js): importing it registers
 * <doanflow-inbox>, <doanflow-approval>, <doanflow-timeline>, <doanflow-dossier>,
 * <doanflow-progress>, <doanflow-start-form> and <doanflow-dashboard>.
 */
import { defineDoanflowElements } from './elements.tsx';

defineDoanflowElements();

export { defineDoanflowElements, doanflowElements } from './elements.tsx';
