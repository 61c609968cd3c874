// Browser side of the web example: the JSON endpoint and the WebSocket echo.
const log = (line) => (document.getElementById("log").textContent += line + "\n");
fetch("/api/status").then((r) => r.json()).then((s) => {
  document.getElementById("status").textContent = JSON.stringify(s);
});
const ws = new WebSocket(`ws://${location.host}/ws`);
ws.onopen = () => log("open");
ws.onmessage = (e) => log(`echo: ${e.data}`);
ws.onclose = (e) => log(`closed: ${e.code}`);
document.getElementById("send").onclick = () => ws.send(document.getElementById("text").value);
