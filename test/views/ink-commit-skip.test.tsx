// patches/ink+6.8.0.patch: a React commit that changed no host node (components re-rendered to
// the same output) skips ink's layout and output — it cannot change the screen — while any real
// change still draws. ink-testing-library records one frame per output ink writes.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { until } from '../support/until.js';

type View = { text: string; colour: string };
type Setter = (view: View) => void;

function Pane({ expose }: { expose: (set: Setter) => void }) {
  // A fresh object each time: React re-renders even when the text is the same.
  const [view, setView] = useState<View>({ text: 'price 64210.1', colour: 'green' });
  expose(setView);
  return (
    <Box flexDirection="column" width={40}>
      <Text>
        <Text color={view.colour}>{view.text}</Text>
        <Text> last</Text>
      </Text>
    </Box>
  );
}

const macrotask = () => new Promise((resolve) => setImmediate(resolve));

describe('ink commits', () => {
  it('come from the patched ink (npm install applies patches/ink+6.8.0.patch)', async () => {
    const reconciler = (await import(pathToFileURL(join(process.cwd(), 'node_modules', 'ink', 'build', 'reconciler.js')).href)) as {
      markHostChanged?: unknown;
    };
    expect(reconciler.markHostChanged, 'ink is unpatched: run npm install (postinstall: patch-package)').toBeTypeOf('function');
  });

  it('a commit that changed nothing on screen writes no frame; a changed text or colour does', async () => {
    let set: Setter = () => undefined;
    let renders = 0;
    const app = render(
      <Pane
        expose={(s) => {
          renders++;
          set = s;
        }}
      />,
    );
    await macrotask();
    const frames = app.frames.length;
    const rendered = renders;

    set({ text: 'price 64210.1', colour: 'green' });
    await until(() => renders === rendered + 1, 'React re-rendering the pane');
    // The commit follows the render in the same task.
    await macrotask();
    expect(app.frames.length).toBe(frames);

    set({ text: 'price 64210.2', colour: 'green' });
    await until(() => app.frames.length > frames, 'the changed text drawn');
    expect(app.frames.length).toBe(frames + 1);
    expect(app.lastFrame()).toContain('price 64210.2 last');

    // The same text in another colour is a change too.
    set({ text: 'price 64210.2', colour: 'red' });
    await until(() => app.frames.length > frames + 1, 'the new colour drawn');
    app.unmount();
  });
});
