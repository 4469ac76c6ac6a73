#!/usr/bin/env node
// Runs login.e2e.mjs against mock-server.mjs serving dist/ (run `npm run build` first).
// Passes DIALOGO_SCREENSHOT_DIR through; exits with the e2e script's exit code.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const port = await freePort();
const email = 'demo@dialogo.test';
const password = 'dialogo';
const server = spawn(process.execPath, [here('./mock-server.mjs'), '--port', String(port)], {
  env: { ...process.env, MOCK_EMAIL: email, MOCK_PASSWORD: password },
  stdio: ['ignore', 'pipe', 'inherit'],
});

await new Promise((ready, reject) => {
  const timer = setTimeout(() => reject(new Error('mock server did not start within 10 s')), 10_000);
  server.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (chunk.toString().includes('listening')) {
      clearTimeout(timer);
      ready();
    }
  });
  server.on('exit', (code) => reject(new Error(`mock server exited with ${code}`)));
});

const e2e = spawn(process.execPath, [here('./login.e2e.mjs')], {
  env: {
    ...process.env,
    DIALOGO_URL: `http://127.0.0.1:${port}`,
    DIALOGO_EMAIL: email,
    DIALOGO_PASSWORD: password,
  },
  stdio: 'inherit',
});
const code = await new Promise((done) => e2e.on('exit', (exitCode) => done(exitCode ?? 1)));
server.kill('SIGTERM');
process.exit(code);
