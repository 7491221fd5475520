/** What the server tells the browser about itself: which upstream it reads and, in demo mode, where to start. */
import { z } from 'zod/mini';

/** A ready link into the dashboard that the demo upstream can answer; faults show error screens. */
const demoLinkSchema = z.object({
  kind: z.enum(['dashboard', 'fault']),
  label: z.string(),
  description: z.string(),
  path: z.string(),
});

export type DemoLink = z.infer<typeof demoLinkSchema>;

/** Where the browser asks which mode the server is in. */
export const SERVER_INFO_PATH = '/api/server-info';

/** The answer at SERVER_INFO_PATH. */
export const serverInfoSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('upstream') }),
  z.object({ mode: z.literal('demo'), demoLinks: z.array(demoLinkSchema) }),
]);

export type ServerInfo = z.infer<typeof serverInfoSchema>;
