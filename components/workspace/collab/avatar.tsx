import { userColor } from '@/lib/workspace/activity';
import { type CollabUser, displayName } from '@/lib/workspace/collab-protocol';

/** A person's picture (initials without one), ringed in their collaboration colour. */
export function Avatar({ user, size = 28 }: { user: CollabUser; size?: number }) {
  const color = userColor(user.id);
  const style = { width: size, height: size, boxShadow: `0 0 0 2px white, 0 0 0 4px ${color}` };
  if (user.avatarUrl) {
    // eslint-disable-next-line @next/next/no-img-element -- avatars come from the configured GitHub host
    return <img src={user.avatarUrl} alt="" width={size} height={size} className="rounded-full bg-slate-100 dark:bg-slate-800" style={style} />;
  }
  const initials = displayName(user)
    .split(/\s+/)
    .map((word) => word[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <span aria-hidden className="flex items-center justify-center rounded-full text-[11px] font-semibold text-white" style={{ ...style, backgroundColor: color }}>
      {initials}
    </span>
  );
}
