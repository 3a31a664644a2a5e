/** An admin action that cannot be done, with a message for the admin (400 bad input, 404 unknown, 409 conflict). */
export class AdminActionError extends Error {
  override name = 'AdminActionError';
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
