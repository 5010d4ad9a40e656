// Prints a staff PIN hash for kiosk-config/*.json (staffPinHash).
// Usage: npx tsx scripts/hash-pin.ts 2468   (or pipe the PIN on stdin to keep it out of shell history)
import { readFileSync } from 'node:fs';
import { hashPin } from '../src/server/kiosk-config/pin-hash';

const pin = (process.argv[2] ?? readFileSync(0, 'utf8')).trim();
try {
  console.log(hashPin(pin));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
