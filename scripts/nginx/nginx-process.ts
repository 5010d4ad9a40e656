/**
 * Debian's nginx as a child process with a generated config in a temporary
 * directory (its own pid file, error log, temp and cache paths, a free port on
 * 127.0.0.1) — never the system service. Two roles, both documented in
 * docs/feed-protocol.md section 17: the static host of a feed export, and a
 * caching proxy (proxy_cache) in front of the origin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const NGINX_PATH = '/usr/sbin/nginx';

export interface NginxProcess {
  url: string;
  port: number;
  dir: string;
  /** Stops nginx (and its workers) and removes its directory. */
  stop(): Promise<void>;
}

/** CORS for kiosks on another origin: a conditional GET (If-None-Match) needs a preflight. */
const CORS = `
      add_header Access-Control-Allow-Origin "*" always;
      add_header Access-Control-Expose-Headers "ETag, Date, X-Feed-Signature, X-Feed-Key-Id, X-Uncompressed-Length, Retry-After" always;
      if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin "*";
        add_header Access-Control-Allow-Methods "GET, HEAD, OPTIONS";
        add_header Access-Control-Allow-Headers "If-None-Match";
        add_header Access-Control-Max-Age 86400;
        return 204;
      }`;

/** nginx server blocks serving an export directory with the cache headers of section 17. */
export function staticHostConfig(exportDir: string, appDir?: string): string {
  return `
    location /feed/v2/static/halls/ {
      root ${exportDir};
      ${CORS}
      add_header Cache-Control "no-cache" always;
    }
    location /feed/v2/static/ {
      root ${exportDir};
      ${CORS}
      add_header Cache-Control "public, max-age=31536000, immutable" always;
    }
    location /media/ {
      root ${exportDir};
      ${CORS}
      add_header Cache-Control "public, max-age=31536000, immutable" always;
    }
    ${
      appDir
        ? `location / {
      root ${appDir};
      try_files $uri /kiosk/index.html;
      add_header Cache-Control "no-cache" always;
    }`
        : ''
    }`;
}

/** nginx as a caching proxy in front of the origin: heads micro-cached (1 s), the rest as the origin's Cache-Control says. */
export function cachingProxyConfig(originUrl: string): string {
  const common = `
      proxy_pass ${originUrl};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache feed;
      proxy_cache_lock on;
      proxy_cache_lock_timeout 5s;
      proxy_cache_revalidate on;
      proxy_cache_use_stale updating;
      add_header X-Cache-Status $upstream_cache_status always;`;
  return `
    location /feed/v2/head {
      ${common}
      # The origin says no-cache (kiosks revalidate); the cache may answer for one second, so
      # however many kiosks poll, the origin sees about one head request per hall per second.
      proxy_ignore_headers Cache-Control Expires;
      proxy_cache_valid 200 1s;
    }
    location / {
      ${common}
    }`;
}

/** Started as root, nginx's workers would run as nobody and could not read a private temporary directory. */
function userLine(): string {
  return process.getuid?.() === 0 ? `user ${userInfo().username};` : '';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startNginx(
  locations: string,
  options: { workerConnections?: number; accessLog?: boolean; port?: number } = {},
): Promise<NginxProcess> {
  if (!existsSync(NGINX_PATH)) throw new Error(`${NGINX_PATH} is missing: apt-get install -y nginx (.ci/run installs it when absent)`);
  const dir = mkdtempSync(join(tmpdir(), 'shk-nginx-'));
  for (const sub of ['client', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'cache']) mkdirSync(join(dir, sub));
  const port = options.port ?? (await freePort());
  const conf = `
daemon off;
worker_processes 1;
${userLine()}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections ${options.workerConnections ?? 1024}; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  ${options.accessLog ? `access_log ${dir}/access.log;` : 'access_log off;'}
  client_body_temp_path ${dir}/client;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=feed:10m max_size=1g inactive=1d use_temp_path=off;
  keepalive_requests 100000;
  etag on;
  server {
    listen 127.0.0.1:${port};
    ${locations}
  }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child: ChildProcess = spawn(NGINX_PATH, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Ready when it answers; a config error ends the process first.
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx did not start: ${stderr || readLog(dir)}`);
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`nginx did not answer on ${url}: ${stderr || readLog(dir)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    port,
    dir,
    async stop() {
      // SIGQUIT: graceful stop of the master and its workers.
      if (child.exitCode === null) child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'error.log'), 'utf8').slice(-2000);
  } catch {
    return '';
  }
}
