import { Bot, MessageSquare } from 'lucide-react';
import { userColor } from '@/lib/workspace/activity';
import type { CollabUser, ParticipantInfo } from '@/lib/workspace/collab-protocol';
import { Avatar } from './avatar';

/**
 * An agent or a Live Chat turn on the branch: its owner's picture with a badge (a robot for an agent, a
 * speech bubble for Live Chat), so it is never taken for the person.
 */
export function ParticipantAvatar({ user, participant, size = 28 }: { user: CollabUser; participant: ParticipantInfo; size?: number }) {
  const Badge = participant.kind === 'agent' ? Bot : MessageSquare;
  const color = userColor(participant.ownerId);
  return (
    <span className="relative inline-flex" data-participant={participant.kind}>
      <Avatar user={{ ...user, id: participant.ownerId }} size={size} />
      <span
        aria-hidden
        className="absolute -bottom-1 -right-1 flex items-center justify-center rounded-full border-2 border-white text-white dark:border-slate-900"
        style={{ width: size * 0.6, height: size * 0.6, backgroundColor: color }}
      >
        <Badge className="h-[70%] w-[70%]" />
      </span>
    </span>
  );
}
