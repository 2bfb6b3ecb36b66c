import type { Ref, RefCallback } from 'react';

/** One ref callback feeding several refs (a widget's own and the one its user passed). */
export function mergeRefs<T>(...refs: (Ref<T> | undefined)[]): RefCallback<T> {
  return (node) => {
    for (const ref of refs) {
      if (typeof ref === 'function') ref(node);
      else if (ref) ref.current = node;
    }
  };
}
