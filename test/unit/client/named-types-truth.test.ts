import { describe, expect, expectTypeOf, it } from "vitest";
import { faults } from "../../helpers/fault-server.js";
import { clientFor, USER, useFaultServer } from "./harness.js";

const server = useFaultServer();

/** What named calls resolve to, for bodies the spec allows, matches their declared types. */
describe("named methods' types against what they resolve to", () => {
  it("type withResponse().meta as possibly undefined, and give undefined when the envelope has none", async () => {
    const altegio = clientFor(server());
    server().enqueue(faults.json({ success: true, data: { id: 1 } }));
    const { data, meta } = await altegio.v1.getLocation({ location_id: 1 }).withResponse();
    expectTypeOf<undefined>().toMatchTypeOf<typeof meta>();
    expect({ data, meta }).toEqual({ data: { id: 1 }, meta: undefined });
  });

  it("resolve an envelope that leaves out its optional data to undefined, as typed, not to the envelope", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.json({ success: true, meta: { message: "Saved" } }));
    const invited = altegio.v1.createUserInvitation({ location_id: 1 }, { invites: [{ name: "Ann" }] });
    expectTypeOf<Awaited<typeof invited>>().toMatchTypeOf<string | undefined>();
    expectTypeOf<undefined>().toMatchTypeOf<Awaited<typeof invited>>();
    expect(await invited).toBeUndefined();
    server().enqueue(faults.json({ success: true, meta: { message: "Saved" } }));
    const { meta } = await altegio.v1.createUserInvitation({ location_id: 1 }, { invites: [{ name: "Ann" }] }).withResponse();
    expect(meta).toEqual({ message: "Saved" });
  });

  it("type a v2 document whose resource schema leaves id optional as unwrapped, as the call unwraps it", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.json({ data: { type: "tag", id: "5", attributes: { title: "VIP" } }, meta: [] }));
    const tag = await altegio.v2.getTag({ company_id: 1, tag_id: 5 });
    expectTypeOf(tag.data.id).toEqualTypeOf<string>();
    const title: string | undefined = tag.data.title;
    expect(title).toBe("VIP");
    expect(tag.data).toEqual({ id: "5", type: "tag", title: "VIP" });
  });

  it("keep a resource's own type where a relationship is named type (unwrap drops that relationship)", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(
      faults.json({
        data: [
          { type: "custom_field", id: "1", attributes: {}, relationships: { type: { data: { type: "custom_field_type", id: "2" } } } },
        ],
      }),
    );
    const fields = await altegio.v2.listCustomFields({ location_id: 1 });
    const first = fields.data[0];
    expectTypeOf(first!.type).toEqualTypeOf<"custom_field">();
    expect(first?.type).toBe("custom_field");
  });

  it("type an operation that answers 204 as resolving to undefined, which it does, whatever body the spec put there", async () => {
    const altegio = clientFor(server(), { userToken: USER });
    server().enqueue(faults.respond(204, ""));
    const deleted = altegio.v1.deleteTimetableEventSchedule({ location_id: 1, schedule_id: 2 });
    expectTypeOf<Awaited<typeof deleted>>().toEqualTypeOf<undefined>();
    expect(await deleted).toBeUndefined();
  });
});
