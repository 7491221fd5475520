/** What the rest of the app may use of the sign-in. */
export { SignInPage } from '#src/features/sign-in/sign-in-page.tsx';
