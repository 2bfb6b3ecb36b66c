import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [react()],
  test: {
    name: 'widgets',
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/testing/setup.ts'],
    // The wire types must stay assignable to the server's: checked by tsc on the *.test-d.ts files.
    typecheck: {
      enabled: true,
      only: false,
      include: ['src/**/*.test-d.ts'],
      tsconfig: './tsconfig.contract.json',
    },
  },
});
