export { SignInPage } from '#src/features/sign-in/sign-in-page.tsx';
