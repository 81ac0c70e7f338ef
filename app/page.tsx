import { redirect } from 'next/navigation';
import { LandingPage } from '@/components/landing-page';
import { sessionUser } from '@/lib/auth';

export default async function HomePage() {
  if (await sessionUser()) redirect('/agents');
  return <LandingPage />;
}
