import type { ReactNode } from 'react';
import { ApprovalPanel } from '../ApprovalPanel/ApprovalPanel.tsx';
import { Dashboard } from '../Dashboard/Dashboard.tsx';
import { Dossier } from '../Dossier/Dossier.tsx';
import { Inbox } from '../Inbox/Inbox.tsx';
import { ProgressDiagram } from '../ProgressDiagram/ProgressDiagram.tsx';
import { StartForm } from '../StartForm/StartForm.tsx';
import { Timeline } from '../Timeline/Timeline.tsx';
import { commonAttributes, DoanflowElement } from './doanflow-element.tsx';

/** `<doanflow-inbox>`: the officer's open tasks; opening one fires `doanflow:open-task` (a TaskView). */
export class DoanflowInboxElement extends DoanflowElement {
  protected content(): ReactNode {
    return <Inbox onOpenTask={(task) => this.emit('doanflow:open-task', task)} />;
  }
}

/** `<doanflow-approval instance-id>`: one request and its decisions; fires `doanflow:decision`. */
export class DoanflowApprovalElement extends DoanflowElement {
  static override get observedAttributes() {
    return [...commonAttributes, 'instance-id'];
  }
  protected content(): ReactNode {
    const instanceId = this.attribute('instance-id');
    if (!instanceId) return null;
    return (
      <ApprovalPanel
        instanceId={instanceId}
        onDecision={(decision) => this.emit('doanflow:decision', decision)}
      />
    );
  }
}

/** `<doanflow-timeline instance-id>`: who did what, when; pending timers. */
export class DoanflowTimelineElement extends DoanflowElement {
  static override get observedAttributes() {
    return [...commonAttributes, 'instance-id'];
  }
  protected content(): ReactNode {
    const instanceId = this.attribute('instance-id');
    return instanceId ? <Timeline key={instanceId} instanceId={instanceId} /> : null;
  }
}

/** `<doanflow-dossier instance-id>`: the request's documents, and adding more where allowed. */
export class DoanflowDossierElement extends DoanflowElement {
  static override get observedAttributes() {
    return [...commonAttributes, 'instance-id'];
  }
  protected content(): ReactNode {
    const instanceId = this.attribute('instance-id');
    return instanceId ? <Dossier key={instanceId} instanceId={instanceId} /> : null;
  }
}

/** `<doanflow-progress instance-id | workflow-id>`: the workflow's steps, the current one lit. */
export class DoanflowProgressElement extends DoanflowElement {
  static override get observedAttributes() {
    return [...commonAttributes, 'instance-id', 'workflow-id'];
  }
  protected content(): ReactNode {
    const instanceId = this.attribute('instance-id');
    const workflowId = this.attribute('workflow-id');
    if (instanceId) return <ProgressDiagram key={instanceId} instanceId={instanceId} />;
    return workflowId ? <ProgressDiagram key={workflowId} workflowId={workflowId} /> : null;
  }
}

/** `<doanflow-start-form workflow-id>`: a form to start a request; fires `doanflow:started`. */
export class DoanflowStartFormElement extends DoanflowElement {
  static override get observedAttributes() {
    return [...commonAttributes, 'workflow-id'];
  }
  protected content(): ReactNode {
    const workflowId = this.attribute('workflow-id');
    if (!workflowId) return null;
    return (
      <StartForm
        key={workflowId}
        workflowId={workflowId}
        onStarted={(instance) =>
          this.emit('doanflow:started', { instanceId: instance.id, workflowId, state: instance.state })
        }
      />
    );
  }
}

/** `<doanflow-dashboard unit-id [year]>`: a unit's report as bars and tables, with XLSX/CSV downloads. */
export class DoanflowDashboardElement extends DoanflowElement {
  static override get observedAttributes() {
    return [...commonAttributes, 'unit-id', 'year'];
  }
  protected content(): ReactNode {
    const unitId = this.attribute('unit-id');
    const year = Number(this.attribute('year')) || undefined;
    return unitId ? (
      <Dashboard key={`${unitId}@${year ?? ''}`} unitId={unitId} {...(year ? { year } : {})} />
    ) : null;
  }
}

/** Tag names and their classes; `defineDoanflowElements` registers the ones not yet defined. */
export const doanflowElements = {
  'doanflow-inbox': DoanflowInboxElement,
  'doanflow-approval': DoanflowApprovalElement,
  'doanflow-timeline': DoanflowTimelineElement,
  'doanflow-dossier': DoanflowDossierElement,
  'doanflow-progress': DoanflowProgressElement,
  'doanflow-start-form': DoanflowStartFormElement,
  'doanflow-dashboard': DoanflowDashboardElement,
} as const;

export function defineDoanflowElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, element] of Object.entries(doanflowElements)) {
    if (!registry.get(tag)) registry.define(tag, element);
  }
}
