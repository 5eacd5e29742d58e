// Test game for the local runtime's tests: never binds a port and stays alive, so the runtime's start timeout
// ("did not bind port ... within ...") and its SIGTERM/SIGKILL stop can be tested. SIGTERM: default (it dies).
console.log('not binding anything');
setInterval(() => {}, 60_000);
