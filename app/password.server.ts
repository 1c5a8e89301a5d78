export { hashPassword, verifyPassword } from "../server/auth/password";
