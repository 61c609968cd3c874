/**
 * Registers a client authentication method for components, prefixing
 * config errors with the method's path (`authentication.<name>`).
 *
 * @module
 */
import { type AuthMethodContribution, registerAuthMethod } from "../component/config.ts";

/** Registers `build` as the component authentication method `name`. */
export function registerClientAuth<C>(
  name: string,
  build: (config: C) => AuthMethodContribution,
): void {
  registerAuthMethod(name, (config) => {
    try {
      return build(config as C);
    } catch (err) {
      if (err instanceof TypeError && !err.message.startsWith("Invalid component config")) {
        throw new TypeError(`Invalid component config: authentication.${name}: ${err.message}`);
      }
      throw err;
    }
  });
}
