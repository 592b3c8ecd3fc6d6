/** The cockpit's root element: the App inside its context. What `runCockpit` and tests render. */
import type { QuitPlan } from '../src/store/actions.js';
import { App } from './App.js';
import { type CockpitEnv, CockpitProvider } from './context.js';

export function Cockpit({ env, onQuit }: { env: CockpitEnv; onQuit?: (plan: QuitPlan) => void }) {
  return (
    <CockpitProvider env={env}>
      <App onQuit={onQuit} />
    </CockpitProvider>
  );
}
