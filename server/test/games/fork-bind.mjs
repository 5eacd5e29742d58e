// Test game for the local runtime's tests: the port is bound by a child process, not by this one, to test that a
// port bound by a forked child counts as started. SIGTERM is forwarded to the child; then this exits 0.
import { spawn } from 'node:child_process';

const CHILD = `
  const server = require('node:net').createServer((s) => s.on('error', () => {}).end('hello from the child\\n'));
  server.listen(Number(process.env.PORT), () => console.log('child ' + process.pid + ': listening on ' + process.env.PORT));
  process.on('SIGTERM', () => { console.log('child: got SIGTERM'); process.exit(0); });
`;
const child = spawn(process.execPath, ['-e', CHILD], { stdio: 'inherit' });
console.log(`parent ${process.pid}: started child ${child.pid}, not binding anything myself`);
child.on('exit', (code, signal) => console.log(`parent: child exited (${signal ?? code})`));

process.on('SIGTERM', () => {
  console.log('parent: got SIGTERM, forwarding it to the child');
  if (child.exitCode !== null || child.signalCode !== null) process.exit(0);
  child.once('exit', () => process.exit(0));
  child.kill('SIGTERM');
});
