import type {
  EventName,
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from './api-contract.js';
import type { Result } from './result.js';

/**
 * What the renderer sees of the service, whichever transport carries it.
 *
 * `on` returns the function that removes exactly the listener it registered.
 */
export type TetherApi = {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<Result<InvokeResponse<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
