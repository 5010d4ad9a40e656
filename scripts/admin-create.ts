/**
 * `npm run admin:create -- --username NAME [--display-name 姓名] [--password-stdin] [--data-dir DIR]`
 * Creates a console administrator. There is no default password: it is typed
 * at a hidden prompt (twice) or read from stdin with --password-stdin.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createUser, UserInputError } from '../src/server/console/accounts/users';
import { openSqliteConsoleStore } from '../src/server/console/store/sqlite-console-store';
import { openStores } from '../src/server/store/open-stores';

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    'display-name': { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: process.env.KIOSK_DATA_DIR ?? './data' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    out._writeToOutput = (s: string) => {
      if (!asked) {
        process.stdout.write(s);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function main() {
  const username = values.username ?? fail('Usage: npm run admin:create -- --username NAME [--password-stdin]');
  let password: string;
  if (values['password-stdin']) {
    password = await readStdin();
  } else {
    if (!process.stdin.isTTY) fail('No terminal to prompt for the password: pipe it in with --password-stdin.');
    password = await promptHidden(`Password for ${username}: `);
    if ((await promptHidden('Repeat the password: ')) !== password) fail('The passwords differ; nothing was created.');
  }
  // DATABASE_URL set: the account goes into PostgreSQL, where every server process sees it.
  const pg = process.env.DATABASE_URL ? await openStores({ dataDir: values['data-dir']!, databaseUrl: process.env.DATABASE_URL }) : null;
  const store = pg?.console?.consoleStore ?? openSqliteConsoleStore({ dataDir: values['data-dir']! });
  const where = pg ? 'PostgreSQL (DATABASE_URL)' : `${values['data-dir']}/content.db`;
  try {
    const user = await createUser(
      store,
      { username, password, role: 'admin', displayName: values['display-name'], departments: null, halls: null },
      { id: null, name: 'admin:create' },
      new Date(),
    );
    console.log(`Created administrator ${user.username} in ${where}. Sign in at /console.`);
  } catch (err) {
    if (err instanceof UserInputError) fail(`${err.field}: ${err.message}`);
    throw err;
  } finally {
    await store.close();
    await pg?.close();
  }
}

void main();
