import { roleLabels as unionRoleLabels } from '@doanflow/engine/roles';
import type { Label } from '@doanflow/client';

/**
 * One table of role words for the server and the widgets. The subpath keeps the rest of the engine
 * out of bundles, and the package build copies this table in: the widgets need no engine installed.
 */
export const roleLabels: Readonly<Record<string, Label>> = unionRoleLabels;
