import { z } from 'zod';

export const attachmentIdParams = z.object({ id: z.string().min(1).max(100) });
