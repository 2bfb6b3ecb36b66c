import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Vitest does not expose globals here, so Testing Library cannot clean up by itself.
afterEach(() => cleanup());
