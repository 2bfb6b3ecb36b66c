// Role words are folded into each task's search text so that "bi thu" finds a secretary's tasks.
export { roleLabels as roleNames } from '@doanflow/engine/roles';
