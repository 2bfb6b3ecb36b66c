/**
 * Entry of the self-contained script (dist/doanflow-elements.js): importing it registers
 * <doanflow-inbox>, <doanflow-approval>, <doanflow-timeline>, <doanflow-dossier>,
 * <doanflow-progress> and <doanflow-start-form>.
 */
import { defineDoanflowElements } from './elements.tsx';

defineDoanflowElements();

export { defineDoanflowElements, doanflowElements } from './elements.tsx';
