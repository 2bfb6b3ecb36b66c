import r2wc from '@r2wc/react-to-web-component';
import { ApprovalPanel } from '../ApprovalPanel/ApprovalPanel.tsx';
import { Inbox } from '../Inbox/Inbox.tsx';
import { ProgressDiagram } from '../ProgressDiagram/ProgressDiagram.tsx';
import { StartForm } from '../StartForm/StartForm.tsx';
import { Timeline } from '../Timeline/Timeline.tsx';
import { ElementShell, emit, type ElementAttributes } from './ElementShell.tsx';

type InstanceAttributes = ElementAttributes & { instanceId?: string };
type WorkflowAttributes = ElementAttributes & { workflowId?: string };

function InboxElement(props: ElementAttributes) {
  return (
    <ElementShell {...props}>
      <Inbox onOpenTask={(task) => emit(props.container, 'doanflow:open-task', task)} />
    </ElementShell>
  );
}

function ApprovalElement(props: InstanceAttributes) {
  if (!props.instanceId) return null;
  return (
    <ElementShell {...props}>
      <ApprovalPanel
        instanceId={props.instanceId}
        onDecision={(decision) => emit(props.container, 'doanflow:decision', decision)}
      />
    </ElementShell>
  );
}

function TimelineElement(props: InstanceAttributes) {
  if (!props.instanceId) return null;
  return (
    <ElementShell {...props}>
      <Timeline instanceId={props.instanceId} />
    </ElementShell>
  );
}

function ProgressElement(props: InstanceAttributes & WorkflowAttributes) {
  const target = props.instanceId
    ? { instanceId: props.instanceId }
    : props.workflowId
      ? { workflowId: props.workflowId }
      : null;
  if (!target) return null;
  return (
    <ElementShell {...props}>
      <ProgressDiagram {...target} />
    </ElementShell>
  );
}

function StartFormElement(props: WorkflowAttributes) {
  if (!props.workflowId) return null;
  const workflowId = props.workflowId;
  return (
    <ElementShell {...props}>
      <StartForm
        workflowId={workflowId}
        onStarted={(instance) =>
          emit(props.container, 'doanflow:started', {
            instanceId: instance.id,
            workflowId,
            state: instance.state,
          })
        }
      />
    </ElementShell>
  );
}

const common = { baseUrl: 'string', token: 'string', locale: 'string' } as const;

/** Tag names and their classes; `defineDoanflowElements` registers the ones not yet defined. */
export const doanflowElements = {
  'doanflow-inbox': r2wc(InboxElement, { shadow: 'open', props: common }),
  'doanflow-approval': r2wc(ApprovalElement, { shadow: 'open', props: { ...common, instanceId: 'string' } }),
  'doanflow-timeline': r2wc(TimelineElement, { shadow: 'open', props: { ...common, instanceId: 'string' } }),
  'doanflow-progress': r2wc(ProgressElement, {
    shadow: 'open',
    props: { ...common, instanceId: 'string', workflowId: 'string' },
  }),
  'doanflow-start-form': r2wc(StartFormElement, {
    shadow: 'open',
    props: { ...common, workflowId: 'string' },
  }),
} as const;

export function defineDoanflowElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, element] of Object.entries(doanflowElements)) {
    if (!registry.get(tag)) registry.define(tag, element);
  }
}
