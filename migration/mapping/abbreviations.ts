/**
 * Dental and practice-management abbreviations as they appear in export headers and file names, each
 * expanded to the words the field vocabulary uses. A token expands to one or more words; tokens not
 * listed stay as they are. Ambiguous abbreviations (`st`: street or state) expand to the reading that
 * dental exports use most; the value profile settles the rest.
 */
export const abbreviations: Readonly<Record<string, string>> = {
  // people
  pt: "patient", pat: "patient", pats: "patient", patient: "patient", patients: "patient", pts: "patient",
  fname: "first name", fn: "first name", frst: "first", fnm: "first name", first: "first", given: "given",
  lname: "last name", ln: "last name", lst: "last", lnm: "last name", surname: "surname",
  mname: "middle name", mi: "middle initial", mid: "middle", middle: "middle", init: "initial",
  nm: "name", nme: "name", nick: "nickname", nickname: "nickname",
  pref: "preferred", prefd: "preferred", pfd: "preferred",
  dob: "birth date", bdate: "birth date", bday: "birth date", birthdate: "birth date", birthday: "birth date", birth: "birth", born: "birth",
  sex: "gender", gndr: "gender", gen: "gender",
  ssn: "social security number", soc: "social",
  // contact
  addr: "address", adr: "address", address: "address", addy: "address",
  str: "street", street: "street", ln1: "line 1", ln2: "line 2", apt: "apartment", ste: "suite",
  cty: "city", town: "city", st: "state", stt: "state", province: "state", 
  zip: "zip", zipcode: "zip", postal: "zip", postcode: "zip", zip4: "zip",
  ph: "phone", phn: "phone", phon: "phone", tel: "phone", telephone: "phone", phone: "phone", phonenumber: "phone",
  cell: "cell", mob: "cell", mobile: "cell", cellphone: "cell phone",
  hm: "home", hme: "home", wk: "work", wrk: "work", bus: "work", business: "work", off: "office",
  email: "email", mail: "email", eml: "email", emailaddress: "email",
  // ids and numbers
  id: "id", ids: "id", ident: "id", identifier: "id", key: "id", pk: "id", uid: "id", guid: "id",
  no: "number", num: "number", nbr: "number", nmbr: "number", number: "number",
  chrt: "chart", chart: "chart", acct: "account", acc: "account",
  // practice
  loc: "location", locn: "location", location: "location", locations: "location", site: "location",
  ofc: "office", office: "office", offices: "office", clinic: "office", branch: "location",
  prac: "practice", prc: "practice", practice: "practice", practices: "practice",
  prov: "provider", provs: "provider", provider: "provider", providers: "provider", dr: "doctor", doc: "doctor", dds: "dentist", dmd: "dentist",
  rdh: "hygienist", hyg: "hygiene", hygienist: "hygienist", dentist: "dentist", doctor: "doctor",
  cred: "credentials", creds: "credentials", degree: "credentials", title: "title",
  spec: "specialty", spclty: "specialty", specialty: "specialty", speciality: "specialty",
  npi: "npi", lic: "license",
  ref: "referring", refer: "referring", referring: "referring", referral: "referring", referred: "referring", refd: "referring",
  // clinical
  proc: "procedure", procs: "procedure", procedure: "procedure", procedures: "procedure", prcd: "procedure",
  cdt: "cdt code", ada: "cdt code", cpt: "cdt code", cd: "code", code: "code",
  tx: "treatment", trt: "treatment", trmt: "treatment", treat: "treatment", treatment: "treatment",
  dx: "diagnosis", th: "tooth", tth: "tooth", toothnum: "tooth", teeth: "tooth", tooth: "tooth",
  surf: "surface", srf: "surface", surfs: "surface", surfaces: "surface", surface: "surface",
  perf: "performed", performed: "performed", done: "performed", svc: "service", serv: "service", dos: "service date",
  desc: "description", descr: "description", dsc: "description", description: "description",
  note: "note", notes: "note", nt: "note", narr: "narrative", narrative: "narrative", memo: "note",
  rx: "drug", med: "medical", meds: "drug", drug: "drug", alrt: "alert", alert: "alert", interaction: "interaction",
  recall: "recall", rcl: "recall", recalls: "recall", int: "interval", intv: "interval", intrvl: "interval", freq: "interval",
  nxt: "next", next: "next",
  // scheduling
  appt: "appointment", appts: "appointment", appointment: "appointment", appointments: "appointment", sched: "schedule", schd: "schedule",
  strt: "start", start: "start", beg: "start", begin: "start", stime: "start time", etime: "end time", fin: "end",
  tm: "time", time: "time", hr: "time",
  stat: "status", sts: "status", stts: "status", status: "status",
  typ: "type", type: "type", kind: "type", cat: "category", reason: "reason",
  // insurance and billing
  ins: "insurance", insur: "insurance", insurance: "insurance", carr: "carrier", carrier: "carrier", payer: "carrier", payor: "carrier", co: "company",
  pol: "policy", policy: "policy", plcy: "policy", mem: "member", mbr: "member", member: "member",
  grp: "group", group: "group", sub: "subscriber", subs: "subscriber", subscr: "subscriber", subscriber: "subscriber", insd: "insured", insured: "insured",
  rel: "relationship", reln: "relationship", relation: "relationship", relationship: "relationship", rltn: "relationship",
  cov: "coverage", covg: "coverage", coverage: "coverage",
  prev: "preventive", prv: "preventive", preventative: "preventive", preventive: "preventive",
  bas: "basic", bsc: "basic", basic: "basic", maj: "major", mjr: "major", major: "major",
  pct: "percent", perc: "percent", percent: "percent", pcnt: "percent",
  eff: "effective", effective: "effective", exp: "end", expiration: "end", expires: "end", term: "end", termination: "end", thru: "end",
  amt: "amount", amount: "amount", pmt: "payment", pymt: "payment", pay: "payment", paid: "paid", pd: "paid",
  bal: "balance", balance: "balance", chg: "fee", chrg: "fee", charge: "fee", charges: "fee", fee: "fee", fees: "fee", cost: "cost",
  tot: "total", ttl: "total", total: "total", est: "estimated", estimate: "estimated", estimated: "estimated",
  portion: "portion", resp: "responsibility", responsibility: "responsibility",
  clm: "claim", claim: "claim", claims: "claim", bill: "billing", billing: "billing", inv: "invoice", invoice: "invoice", ledger: "billing",
  plan: "plan", plans: "plan", pln: "plan",
  pres: "presented", presented: "presented",
  // tasks and communications
  task: "task", tasks: "task", tsk: "task", todo: "task",
  asgn: "assigned", assigned: "assigned", assignee: "assigned", owner: "assigned",
  due: "due", ddate: "due date",
  comm: "communication", comms: "communication", communication: "communication", communications: "communication", contact: "contact",
  dir: "direction", direction: "direction", inout: "direction",
  subj: "subject", subject: "subject", re: "subject", topic: "subject", summary: "subject",
  log: "log", cmnt: "comments", cmnts: "comments", comment: "comments", comments: "comments", remarks: "comments",
  msg: "message", body: "body", details: "details", dtl: "details", txt: "text", text: "text", content: "text",
  att: "attachment", attach: "attachment", attachment: "attachment", file: "file", filename: "file name",
  staff: "staff", stf: "staff", emp: "staff", employee: "staff", usr: "user", user: "user",
  // definitions
  def: "definition", defn: "definition", definition: "definition", wf: "workflow", workflow: "workflow", workflows: "workflow",
  rule: "rule", rules: "rule", seq: "sequence", sequence: "sequence", reminder: "reminder", rem: "reminder",
  trig: "trigger", trigger: "trigger", when: "trigger", step: "steps", steps: "steps", action: "steps", actions: "steps",
  act: "active", actv: "active", active: "active", enabled: "active",
  // dates
  dt: "date", dte: "date", date: "date", dat: "date", day: "date",
  crt: "created", cre: "created", created: "created", create: "created", entered: "created", added: "created", 
  mod: "modified", upd: "modified", updated: "modified",
  // Word families read from other systems' labels (issue 18): verbs and participles for an end, a start, a
  // creation and an outcome read as the field words they stand for, in any word order ("Ends At", "beganAt",
  // "Patient Since", "Visit Outcome").
  end: "end", ends: "end", ending: "end", ended: "end", finish: "end", finishes: "end", finished: "end", stop: "end", stops: "end", until: "end",
  starts: "start", started: "start", starting: "start", begins: "start", began: "start", beginning: "start",
  since: "created", registered: "created", registration: "created", booked: "created", posted: "created", recorded: "created",
  logged: "created", enrolled: "created",
  outcome: "status", result: "status", results: "status", disposition: "status", condition: "status",
  locality: "city", municipality: "city", region: "state", postcode5: "zip", zip5: "zip",
  label: "name", caption: "name",
  yn: "flag", flg: "flag", flag: "flag", ind: "flag", indicator: "flag",
};

/** Words that carry no meaning in a header. */
export const stopWords: ReadonlySet<string> = new Set(["of", "the", "a", "an", "for", "to", "in", "on", "at", "by", "and", "is", "de"]);
