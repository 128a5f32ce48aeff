/** The app secret every test database is seeded and served with (PII keys, QR tokens). */
export const TEST_SECRET = "test-secret-test-secret-test-secret-0123456789";
