import { describe, expect, it } from "vitest";
import { entryData } from "@/lib/audit/leaf";
import { InvalidCredentialsError, signInWithPassword } from "@/lib/auth/sign-in";
import { verifyPassword } from "@/lib/auth/passwords";
import { db } from "@/lib/db/client";
import { ConflictError, TooManyRequestsError } from "@/lib/errors";
import { makeUser, TEST_ACTOR } from "@/lib/testing/factories";
import { changeRole, createUser, listUsers, setUserDisabled, setUserGroups } from "@/lib/users/service";

describe("users and sign-in", () => {
  it("creates a user with a generated password that works, stored only as a bcrypt hash", async () => {
    const email = `gen-${Date.now()}@example.test`;
    const { user, generatedPassword } = await createUser({ email, role: "approver" }, TEST_ACTOR);
    expect(generatedPassword).toHaveLength(20);
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    expect(await verifyPassword(generatedPassword!, row.passwordHash)).toBe(true);
    await expect(createUser({ email: email.toUpperCase(), role: "viewer" }, TEST_ACTOR)).rejects.toBeInstanceOf(ConflictError);
  });

  it("signs in with the right password and audits success and failure", async () => {
    const user = await makeUser("viewer");
    await expect(signInWithPassword({ email: user.email, password: "wrong password!!" })).rejects.toBeInstanceOf(InvalidCredentialsError);
    const signedIn = await signInWithPassword({ email: user.email.toUpperCase(), password: user.password });
    expect(signedIn).toMatchObject({ id: user.id, role: "viewer" });
    const events = await db().auditEntry.findMany({ where: { actorId: user.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.eventType)).toEqual(["user.sign_in_failed", "user.signed_in"]);
  });

  it("locks an e-mail out after five failures, even for the right password", async () => {
    const user = await makeUser("viewer");
    for (let i = 0; i < 5; i++) {
      await expect(signInWithPassword({ email: user.email, password: `nope-${i}-xxxxxx` }, "203.0.113.9")).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    }
    const error = await signInWithPassword({ email: user.email, password: user.password }).catch((e) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).retryAfterSeconds).toBeGreaterThan(800);
  });

  it("refuses a disabled user, and keeps at least one active admin", async () => {
    const user = await makeUser("viewer");
    await setUserDisabled(user.id, true, TEST_ACTOR);
    await expect(signInWithPassword({ email: user.email, password: user.password })).rejects.toBeInstanceOf(InvalidCredentialsError);

    const admins = await db().user.findMany({ where: { role: "admin", disabled: false } });
    const soleAdmin = admins[0] ?? (await makeUser("admin"));
    await db().user.updateMany({ where: { role: "admin", id: { not: soleAdmin.id } }, data: { disabled: true } });
    await expect(changeRole(soleAdmin.id, "viewer", TEST_ACTOR)).rejects.toBeInstanceOf(ConflictError);
    await expect(setUserDisabled(soleAdmin.id, true, TEST_ACTOR)).rejects.toBeInstanceOf(ConflictError);
  });

  it("creates a user in approver groups, normalised, and lists them", async () => {
    const { user } = await createUser(
      { email: `groups-${Date.now()}@example.test`, role: "approver", groups: ["Finance", "ops", "finance"] },
      TEST_ACTOR,
    );
    expect(user.groups).toEqual(["finance", "ops"]);
    expect((await listUsers()).find((u) => u.id === user.id)?.groups).toEqual(["finance", "ops"]);
    const created = await db().auditEntry.findFirstOrThrow({ where: { subjectId: user.id, eventType: "user.created" } });
    expect(entryData(created)).toMatchObject({ groups: ["finance", "ops"] });
    expect((await makeUser("viewer")).groups).toEqual([]);
  });

  it("refuses a group name that an approval step could not name, and changes nothing", async () => {
    const email = `badgroups-${Date.now()}@example.test`;
    const error = await createUser({ email, role: "approver", groups: ["finance team"] }, TEST_ACTOR).catch((e) => e);
    expect(error?.name).toBe("ZodError");
    expect(error.issues[0]).toMatchObject({ path: ["groups"] });
    expect(await db().user.findUnique({ where: { email } })).toBeNull();
    const user = await makeUser("approver");
    for (const bad of [["-ops"], [""], ["a/b"], ["x".repeat(65)]]) {
      await expect(setUserGroups(user.id, bad, TEST_ACTOR)).rejects.toMatchObject({ name: "ZodError" });
    }
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).groups).toEqual([]);
  });

  it("sets a user's groups, audited with before and after; an unchanged list writes nothing", async () => {
    const user = await makeUser("approver");
    expect((await setUserGroups(user.id, ["ops", "finance"], TEST_ACTOR)).groups).toEqual(["finance", "ops"]);
    await setUserGroups(user.id, ["finance", "ops"], TEST_ACTOR);
    expect((await setUserGroups(user.id, [], TEST_ACTOR)).groups).toEqual([]);
    const changes = await db().auditEntry.findMany({
      where: { subjectId: user.id, eventType: "user.groups_changed" },
      orderBy: { id: "asc" },
    });
    expect(changes.map((e) => entryData(e))).toEqual([
      { email: user.email, from: [], to: ["finance", "ops"] },
      { email: user.email, from: ["finance", "ops"], to: [] },
    ]);
    await expect(setUserGroups("00000000-0000-4000-8000-000000000000", ["ops"], TEST_ACTOR)).rejects.toMatchObject({ status: 404 });
  });

  it("audits role changes with before and after", async () => {
    const user = await makeUser("viewer");
    await changeRole(user.id, "policy_admin", TEST_ACTOR);
    const entry = await db().auditEntry.findFirstOrThrow({ where: { subjectId: user.id, eventType: "user.role_changed" } });
    expect(entryData(entry)).toMatchObject({ from: "viewer", to: "policy_admin" });
  });
});
